"""Publications of ICLON's researchers: scientific output (LUCRIS, Leiden's research register,
stays its register of record; the portal takes it in by import) and professional publications,
with their authors in order (matched to our researchers where they are ours) and their links to
research projects and teaching-learning principles.

`title_key` and the normalised `doi` are how duplicates are recognised (normalise.py); an imported
entry that looks like an existing publication without being certainly the same one waits as a
`DuplicateSuspicion` for research staff to merge it or keep both."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from iclon.core.models import TimeStampedModel
from research.knowledge.models import TeachingLearningPrinciple
from research.people.models import OrcidField, Researcher
from research.projects.models import ResearchProject


class PublicationCategory(models.TextChoices):
    SCIENTIFIC = "scientific", _("Scientific")
    PROFESSIONAL = "professional", _("Professional")


class PublicationType(models.TextChoices):
    ARTICLE = "article", _("Article")
    BOOK = "book", _("Book")
    CHAPTER = "chapter", _("Book chapter")
    DISSERTATION = "dissertation", _("Dissertation")
    REPORT = "report", _("Report")
    PROFESSIONAL_ARTICLE = "professional_article", _("Professional article")
    CONFERENCE_PAPER = "conference_paper", _("Conference paper")


class Publication(TimeStampedModel):
    category = models.CharField(
        _("category"), max_length=12, choices=PublicationCategory.choices, default=PublicationCategory.SCIENTIFIC
    )
    type = models.CharField(_("type"), max_length=24, choices=PublicationType.choices, default=PublicationType.ARTICLE)
    title = models.CharField(_("title"), max_length=500)
    title_key = models.CharField(_("title key"), max_length=300, editable=False)
    year = models.PositiveSmallIntegerField(_("year"))
    venue = models.CharField(
        _("venue"),
        max_length=300,
        blank=True,
        help_text=_("The journal, the book (of a chapter), the conference or the university (of a dissertation)."),
    )
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    editors = models.CharField(_("editors"), max_length=500, blank=True, help_text=_("Of a book chapter."))
    volume = models.CharField(_("volume"), max_length=30, blank=True)
    issue = models.CharField(_("issue"), max_length=30, blank=True)
    pages = models.CharField(_("pages"), max_length=30, blank=True)
    doi = models.CharField(
        _("DOI"),
        max_length=200,
        blank=True,
        help_text=_("E.g. 10.1016/j.tate.2021.103120, without https://doi.org/ (it is taken off when pasted)."),
    )
    url = models.URLField(_("link"), max_length=500, blank=True)
    abstract = models.TextField(_("abstract"), blank=True, max_length=10000)
    language = models.CharField(_("language"), max_length=10, blank=True, help_text=_("E.g. en or nl."))
    open_access = models.BooleanField(_("open access"), default=False)
    projects = models.ManyToManyField(
        ResearchProject, related_name="publications", blank=True, verbose_name=_("research projects")
    )
    principles = models.ManyToManyField(
        TeachingLearningPrinciple,
        related_name="publications",
        blank=True,
        verbose_name=_("teaching-learning principles"),
    )
    published = models.BooleanField(
        _("published"), default=True, help_text=_("Only published publications are shown on the public pages and API.")
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-year", "title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["doi"],
                condition=~Q(doi=""),
                name="research_publication_unique_doi",
                violation_error_message=_("Another publication has this DOI."),
            ),
        ]
        indexes = [
            # The public list and its filters, newest first.
            models.Index(fields=["published", "-year", "title"], name="research_pub_public"),
            models.Index(fields=["published", "category", "type", "-year"], name="research_pub_kind"),
            models.Index(fields=["title_key", "year"], name="research_pub_title_year"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def link(self) -> str:
        return self.doi_url or self.url


class PublicationAuthor(models.Model):
    """An author in their place, with the name as the publication writes it; `researcher` when the
    author is one of ours (matched on import by ORCID iD, then by name)."""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="authors", verbose_name=_("publication")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name as written"), max_length=200)
    orcid = OrcidField(_("ORCID iD"), blank=True)
    researcher = models.ForeignKey(
        Researcher,
        on_delete=models.SET_NULL,
        related_name="authorships",
        null=True,
        blank=True,
        verbose_name=_("researcher"),
    )

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "position"],
                name="research_author_unique_position",
                violation_error_message=_("Two authors cannot have the same position."),
            ),
        ]
        indexes = [models.Index(fields=["researcher", "publication"], name="research_author_researcher")]

    def __str__(self) -> str:
        return self.name


class SuspicionStatus(models.TextChoices):
    OPEN = "open", _("To review")
    MERGED = "merged", _("Merged")
    KEPT_BOTH = "kept_both", _("Kept both")


class DuplicateSuspicion(TimeStampedModel):
    """An imported entry with the title and year of an existing publication that is not certainly
    the same one (another DOI, or other authors): kept aside, not created, until research staff
    merge it into the existing publication or keep both."""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="suspicions", verbose_name=_("existing publication")
    )
    entry = models.JSONField(_("imported entry"))
    entry_key = models.CharField(_("entry key"), max_length=64, editable=False)
    source = models.CharField(_("source"), max_length=200, blank=True, help_text=_("The file and the entry's place."))
    status = models.CharField(_("status"), max_length=12, choices=SuspicionStatus.choices, default=SuspicionStatus.OPEN)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    kept_as = models.ForeignKey(
        Publication,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kept as"),
    )

    class Meta:
        verbose_name = _("suspected duplicate")
        verbose_name_plural = _("suspected duplicates")
        ordering = ["status", "-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "entry_key"],
                name="research_suspicion_unique_entry",
                violation_error_message=_("This entry is already waiting for review."),
            ),
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="research_suspicion_status")]

    def __str__(self) -> str:
        return str(self.entry.get("title") or self.publication)
