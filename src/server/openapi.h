// SPDX-License-Identifier: Apache-2.0
// GET /api/openapi.json: the OpenAPI 3.1 document, generated from the route table (routes.h)
// plus the schemas of the bodies, so every route is in it by construction.
#pragma once

#include <string>

namespace tandem::server {

// The document's text (built once, then cached).
const std::string& openapi_document();

}  // namespace tandem::server
