"""The information hub's models. Explicit re-exports: import models from `cms.models`."""

from .glossary import Acronym, GlossaryPage
from .materials import (
    Material,
    MaterialAudience,
    MaterialFormat,
    MaterialReviewReminder,
    MaterialsLibraryPage,
    MaterialTopic,
)
from .pages import (
    ContentPage,
    HomePage,
    LearningPackagePage,
    PartnerListPage,
    ReportConcernPage,
    SectionIndexPage,
)

__all__ = [
    "Acronym",
    "ContentPage",
    "GlossaryPage",
    "HomePage",
    "LearningPackagePage",
    "Material",
    "MaterialAudience",
    "MaterialFormat",
    "MaterialReviewReminder",
    "MaterialTopic",
    "MaterialsLibraryPage",
    "PartnerListPage",
    "ReportConcernPage",
    "SectionIndexPage",
]
