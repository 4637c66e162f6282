"""LiteLLM's protocol as pure functions.

Everything the console must do exactly the way LiteLLM does it lives here, with no Django models
and no database access, so it can be tested against known answers and reused by services, forms
and management commands alike:

- ``keys``: generate, hash and abbreviate virtual keys.
- ``passwords``: hash and verify ``LiteLLM_UserTable.password`` in every format LiteLLM wrote.
- ``secretbox``: LiteLLM's SecretBox encryption of ``litellm_params`` and config secrets.
- ``durations``: duration strings, key expiry and budget reset times.
- ``roles``: user roles, team member roles and LiteLLM's special ids and model entries.

See ``/work/shared/docs/litellm-compat.md`` for the facts these functions implement.
"""
