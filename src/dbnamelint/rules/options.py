"""The base of every rule's options model, and its defaults.

Rule options are pydantic models so that a config's mistakes get pydantic's
located messages. Importing pydantic and building its models costs about
half of a one-file ``check``, so nothing on the path of a cached run imports
this module: built-in rules name their models with
:class:`~dbnamelint.rules.base.OptionsModel` (imported when a config is
validated or documented), and a cached rule holds
:class:`~dbnamelint.rules.frozenoptions.FrozenOptions` instead.
"""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict


class RuleOptions(BaseModel):
    """Base of every rule's options; unknown keys are errors, values frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


@functools.cache
def default_options(model: type[RuleOptions]) -> RuleOptions:
    """``model()``, built without running pydantic's validator when that is the same.

    With every field defaulted and defaults not validated (pydantic's
    ``validate_default``, off unless a model turns it on), validation would
    only copy the defaults; skipping it spares building the model's schema
    (``defer_build``), a few milliseconds per rule at start-up. A model with
    a required field still raises pydantic's ``ValidationError``.
    """
    fields = model.model_fields.values()
    if model.model_config.get("validate_default") or any(f.is_required() for f in fields):
        return model()
    return model.model_construct()
