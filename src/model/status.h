// SPDX-License-Identifier: Apache-2.0
// Status and Result<T>: how expected failures (invalid input, missing files, conflicts)
// travel between modules. Exceptions are for bugs only. The codes are few and shared, mapped
// once to exit codes (`tandem`) and HTTP statuses (the server): see exit_code_for and
// http_status_for, and the table in CONTRIBUTING.md.
//
// A failed Status carries a code, a message and, for invalid input, the structured problems
// behind it (Diagnostic: file, line, column, field path, rule), so an API can return them
// field by field. Success costs nothing: an ok Status is one null pointer, no heap string.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/diagnostic.h"

namespace tandem {

// Stored and sent over the wire by name (to_string): values are explicit and never reused.
enum class StatusCode {
  kOk = 0,
  kInvalidArgument = 1,  // the caller's input breaks a rule (exit 1, HTTP 400)
  kNotFound = 2,         // a named thing does not exist (exit 1, HTTP 404)
  kConflict = 3,         // valid input that clashes with current state (exit 1, HTTP 409)
  kUnavailable = 4,      // a resource is missing or busy; retrying may work (exit 3, HTTP 503)
  kInternal = 5,         // a bug (exit 3, HTTP 500)
};

// "ok", "invalid_argument", "not_found", "conflict", "unavailable", "internal".
const char* to_string(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(const Status& other)
      : error_(other.error_ ? std::make_unique<Error>(*other.error_) : nullptr) {}
  Status& operator=(const Status& other) {
    if (this != &other) error_ = other.error_ ? std::make_unique<Error>(*other.error_) : nullptr;
    return *this;
  }
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;
  ~Status() = default;

  static Status ok() { return Status(); }
  // A failure with `code` (kOk gives an ok Status and drops the message).
  static Status from_code(StatusCode code, std::string msg,
                          std::vector<Diagnostic> diagnostics = {});
  static Status invalid_argument(std::string msg) {
    return Status(StatusCode::kInvalidArgument, std::move(msg), {});
  }
  // Invalid input with every problem found; `msg` is their summary for people.
  static Status invalid_argument(std::string msg, std::vector<Diagnostic> diagnostics) {
    return Status(StatusCode::kInvalidArgument, std::move(msg), std::move(diagnostics));
  }
  static Status not_found(std::string msg) {
    return Status(StatusCode::kNotFound, std::move(msg), {});
  }
  static Status conflict(std::string msg) {
    return Status(StatusCode::kConflict, std::move(msg), {});
  }
  static Status unavailable(std::string msg) {
    return Status(StatusCode::kUnavailable, std::move(msg), {});
  }
  static Status internal(std::string msg) {
    return Status(StatusCode::kInternal, std::move(msg), {});
  }

  bool is_ok() const { return error_ == nullptr; }
  StatusCode code() const { return error_ ? error_->code : StatusCode::kOk; }
  // Empty when ok.
  const std::string& message() const;
  // The structured problems behind the failure, in the order found (often empty).
  const std::vector<Diagnostic>& diagnostics() const;

 private:
  struct Error {
    StatusCode code;
    std::string message;
    std::vector<Diagnostic> diagnostics;
  };
  Status(StatusCode code, std::string message, std::vector<Diagnostic> diagnostics)
      : error_(std::make_unique<Error>(Error{code, std::move(message), std::move(diagnostics)})) {}

  std::unique_ptr<Error> error_;  // null when ok
};

// Result<T> holds either a value or a non-ok Status.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT(implicit)
  // A Result is never built from an ok Status; one that is holds an internal error instead.
  Result(Status status)  // NOLINT(implicit)
      : status_(status.is_ok() ? Status::internal("Result built from an ok Status")
                               : std::move(status)) {}

  bool is_ok() const { return value_.has_value(); }
  // Ok when the Result holds a value.
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;  // ok (no allocation) when value_ is set
};

// Exit code of the `tandem` command for a status: 0 ok, 1 the caller's input (invalid, not
// found, conflict), 3 the system (unavailable, internal). 2 is reserved for usage errors,
// which the command-line parser reports itself.
int exit_code_for(StatusCode code);

// HTTP status of an API answer for a status: 200 ok, 400 invalid argument, 404 not found,
// 409 conflict, 503 unavailable, 500 internal.
int http_status_for(StatusCode code);

}  // namespace tandem
