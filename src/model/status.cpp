// SPDX-License-Identifier: Apache-2.0
#include "model/status.h"

namespace tandem {

static_assert(sizeof(Status) == sizeof(void*), "an ok Status must cost one null pointer");

Status Status::from_code(StatusCode code, std::string msg, std::vector<Diagnostic> diagnostics) {
  if (code == StatusCode::kOk) return Status();
  return Status(code, std::move(msg), std::move(diagnostics));
}

const std::string& Status::message() const {
  static const std::string kNone;  // immutable: the message of every ok Status
  return error_ ? error_->message : kNone;
}

const std::vector<Diagnostic>& Status::diagnostics() const {
  static const std::vector<Diagnostic> kNone;
  return error_ ? error_->diagnostics : kNone;
}

const char* to_string(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalidArgument:
      return "invalid_argument";
    case StatusCode::kNotFound:
      return "not_found";
    case StatusCode::kConflict:
      return "conflict";
    case StatusCode::kUnavailable:
      return "unavailable";
    case StatusCode::kInternal:
      return "internal";
  }
  return "internal";
}

int exit_code_for(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 0;
    case StatusCode::kInvalidArgument:
    case StatusCode::kNotFound:
    case StatusCode::kConflict:
      return 1;
    case StatusCode::kUnavailable:
    case StatusCode::kInternal:
      return 3;
  }
  return 3;
}

int http_status_for(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kConflict:
      return 409;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

}  // namespace tandem
