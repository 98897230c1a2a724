from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a signed-in person does in the network (SPEC §1). Superusers are administrators."""

    NONE = "", _("No portal role")
    CITY_OFFICIAL = "city_official", _("City official")
    CSCO = "csco", _("Chief Smart City Officer")
    NATIONAL_REP = "national_rep", _("National representative")
    ASEC = "asec", _("ASEAN Secretariat staff")
    PARTNER = "partner", _("Partner user")


CITY_ROLES = (Role.CITY_OFFICIAL, Role.CSCO)
# The account the portal itself acts as (`accounts.services.system_user()`): the command line.
SYSTEM_USERNAME = "system"


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    city = models.ForeignKey(
        "cities.City",
        verbose_name=_("city"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    country = models.ForeignKey(
        "cities.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The portal's e-mail to this person is written in it (empty: English)."),
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="user_city_role_has_city",
                condition=~Q(role__in=CITY_ROLES) | Q(city__isnull=False),
            ),
            models.CheckConstraint(
                name="user_national_rep_has_country",
                condition=~Q(role=Role.NATIONAL_REP) | Q(country__isnull=False),
            ),
            models.CheckConstraint(
                name="user_partner_role_has_partner",
                condition=~Q(role=Role.PARTNER) | Q(partner__isnull=False),
            ),
        ]

    @property
    def is_system(self) -> bool:
        """The portal's own account. It can never sign in (inactive, no usable password), so a
        person who takes the name "system" while active is not it."""
        return self.username == SYSTEM_USERNAME and not self.is_active

    @property
    def affiliation(self) -> str:
        return str(self.city or self.country or self.partner or "")

    @property
    def display_name(self) -> str:
        """How the portal names this person to others: their full name, else their role and
        where they work ("City official of Da Nang"). Never the username: it is half of what
        signs in (and what a guesser would lock out)."""
        full_name = self.get_full_name()
        if full_name:
            return full_name
        if self.role and self.affiliation:
            return _("%(role)s of %(place)s") % {
                "role": self.get_role_display(),
                "place": self.affiliation,
            }
        if self.role:
            return str(self.get_role_display())
        return str(_("Administrator") if self.is_superuser else _("Portal user"))
