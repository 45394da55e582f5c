from wagtail import hooks

from cms import lockouts  # noqa: F401  (registers 设置 → 登录锁定, the login lockout list)


@hooks.register("construct_main_menu")
def hide_wagtail_help(request, menu_items):
    """The help menu links to Wagtail's English guide on an outside site; county users are
    served by the HQ office instead."""
    menu_items[:] = [item for item in menu_items if item.name != "help"]
