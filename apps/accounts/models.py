from django.db import models


class SignInFailure(models.Model):
    """One failed sign-in, counted per account and per client address to throttle guessing.

    Kept in the database (the console's own schema) so the limit holds across processes.
    """

    key = models.CharField(max_length=300, db_index=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["key", "created_at"], name="signin_failure_key_time")]
        verbose_name = "sign-in failure"

    def __str__(self) -> str:
        return f"{self.key} at {self.created_at:%Y-%m-%d %H:%M}"
