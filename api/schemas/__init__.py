"""The answers of the API as pydantic models, one module per area, so the OpenAPI document
describes every answer: ``problem`` (the problem+json body and the declared error answers of a
route), ``common`` (entity views, pages, references), ``linked``, ``records``, ``responsibility``,
``integrity``, ``health``.

The models describe what the routes return without changing it: they allow extra members
(``Open``), so a deep or evolving answer stays valid while its main members are documented.
"""
