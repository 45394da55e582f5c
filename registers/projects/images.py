"""Progress photos in Wagtail's own image screens: the chooser's listing, its "chosen" view and the
admin image API (``/admin/api/main/images/``) answer only the images the photo rule
(``scopes.images_for``) lets the user see, so a private photo's title and URL never reach another
unit. Wired in ``registers.wagtail_hooks``."""

from django.core.exceptions import ObjectDoesNotExist

from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.images.views.chooser import ImageChosenMultipleView, ImageChosenView

from registers.projects.scopes import images_for


def scope_image_chooser(images, request):
    """Hook ``construct_image_chooser_queryset``: a unit sees its own photos, not every unit's."""
    return images_for(request.user, images)


class ScopedImagesAdminAPIViewSet(ImagesAdminAPIViewSet):
    def get_queryset(self):
        return images_for(self.request.user, super().get_queryset())


class ScopedImageChosenView(ImageChosenView):
    def get_object(self, pk):
        item = super().get_object(pk)
        if not images_for(self.request.user).filter(pk=item.pk).exists():
            raise ObjectDoesNotExist
        return item


class ScopedImageChosenMultipleView(ImageChosenMultipleView):
    def get_objects(self, pks):
        return images_for(self.request.user, super().get_objects(pks))


def scope_admin_image_api(router) -> None:
    """Hook ``construct_admin_api`` (after wagtail.images'): the scoped image endpoint."""
    router.register_endpoint("images", ScopedImagesAdminAPIViewSet)


def scope_image_chooser_views(viewset) -> None:
    """Give Wagtail's image chooser viewset the scoped chosen views, before its URLs are built."""
    viewset.chosen_view_class = ScopedImageChosenView
    viewset.chosen_multiple_view_class = ScopedImageChosenMultipleView
