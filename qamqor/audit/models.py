"""The append-only access log: who viewed, changed or exported which case or person record,
when and from where. It holds record ids and pseudonymous codes, never names or IINs.

Both tables here only grow. The ORM refuses every way of changing or removing a row that it
offers (save of an existing row, update, delete, their base-manager and raw forms); on
PostgreSQL triggers refuse UPDATE and DELETE and the application's database role has no right
to change, empty or alter them (docs/deployment.md). What the database owner can still do is
made visible by the hash chain of `AccessLogLink` (qamqor.audit.chain)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    pass


class AccessLogQuerySet(models.QuerySet):
    """Refuses every change: also through `_base_manager` (Meta.base_manager_name points here)
    and the private `_update` / `_raw_delete` that save() and the deletion collector use."""

    def update(self, **kwargs):
        raise AppendOnlyError("The access log cannot be changed.")

    def _update(self, values):
        raise AppendOnlyError("The access log cannot be changed.")

    def delete(self):
        raise AppendOnlyError("The access log cannot be deleted.")

    def _raw_delete(self, using):
        raise AppendOnlyError("The access log cannot be deleted.")


class AppendOnlyModel(models.Model):
    """A row is written once, by an INSERT, and never changed or deleted through the ORM."""

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        abstract = True
        base_manager_name = "objects"

    def save(self, *args, **kwargs):
        if not self._state.adding or kwargs.get("force_update") or kwargs.get("update_fields"):
            raise AppendOnlyError("The access log cannot be changed.")
        # Always an INSERT: with a primary key set, Django would try an UPDATE first.
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The access log cannot be deleted.")


class AccessLogEntry(AppendOnlyModel):
    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        LIST = "list", _("Shown in a list")
        SEARCH = "search", _("Found by a search")
        CREATE = "create", _("Created")
        CHANGE = "change", _("Changed")
        EXPORT = "export", _("Exported")
        # Changes to who may do what: roles given and withdrawn, passwords set for others.
        GRANT = "grant", _("Role given")
        WITHDRAW = "withdraw", _("Role withdrawn")
        PASSWORD = "password", _("Password set")

    at = models.DateTimeField(_("at"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("user")
    )
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    record_type = models.CharField(_("record type"), max_length=64)
    record_id = models.BigIntegerField(_("record id"))
    record_code = models.CharField(_("record code"), max_length=32, blank=True)
    case_id = models.BigIntegerField(_("case id"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("from"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=8, default="web")

    objects = AccessLogQuerySet.as_manager()

    class Meta(AppendOnlyModel.Meta):
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["record_type", "record_id", "at"], name="audit_record_at"),
            models.Index(fields=["user", "at"], name="audit_user_at"),
            models.Index(fields=["case_id", "at"], name="audit_case_at"),
            models.Index(fields=["at"], name="audit_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.record_type}"


class AccessLogLink(AppendOnlyModel):
    """One link of the hash chain over the access log, written by the sealing step
    (qamqor.audit.chain): SHA-256 of the previous link and of the entry's canonical bytes.
    No foreign key: a deleted entry must leave its link behind to be detected."""

    entry_id = models.BigIntegerField(_("entry"), primary_key=True)
    hash = models.CharField(_("SHA-256"), max_length=64)

    objects = AccessLogQuerySet.as_manager()

    class Meta(AppendOnlyModel.Meta):
        verbose_name = _("access log link")
        verbose_name_plural = _("access log chain")
        ordering = ["entry_id"]

    def __str__(self) -> str:
        return f"id={self.entry_id} sha256={self.hash}"
