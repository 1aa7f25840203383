"""Staff accounts: invitations, roles, deactivation, sign-out and password reset.

Why an app of its own, just below `cms` in the import-linter layers (pyproject.toml): giving a
person a role means giving them a group *and* the scope the apps keep for it (a district lead's
`networks.DirectoryScope`, a district responder's `alerts.ResponderScope`), and every email it
sends (the invitation, the password reset, the two-factor reset notice) goes through the sending
engine (`sending.engine`) as one Delivery, retried, suppressed and visible in Sends. `core`
imports no app, so it could reach neither the scopes nor the engine without a hook per scope;
here they are plain imports, and nothing below needs to know that accounts exist.
"""
