"""The public site's pages: the home page with the programme at a glance, the plan and its
attachments, the headquarters, the commissioner directory, the project register and the news."""

from .directory import CommissionerDirectoryPage
from .home import HomePage
from .news import NewsIndexPage, NewsPage
from .policy import HeadquartersPage, PolicyPage
from .projects import ProjectIndexPage

__all__ = ["CommissionerDirectoryPage", "HeadquartersPage", "HomePage", "NewsIndexPage", "NewsPage", "PolicyPage",
           "ProjectIndexPage"]
