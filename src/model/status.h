// Status and Result<T>: how expected failures (invalid input, missing files, conflicts)
// travel between modules. Exceptions are for bugs only. The codes are few and shared, mapped
// once to exit codes (cli) and HTTP statuses (server).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace tandem {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // the caller's input breaks a rule (exit 1, HTTP 400)
  kNotFound,         // a named thing does not exist (exit 1, HTTP 404)
  kConflict,         // valid input that clashes with current state (exit 1, HTTP 409)
  kUnavailable,      // a resource is missing or busy; retrying may work (exit 3, HTTP 503)
  kInternal,         // a bug (exit 3, HTTP 500)
};

class Status {
 public:
  Status() = default;
  static Status ok() { return Status(); }
  static Status invalid_argument(std::string msg) {
    return Status(StatusCode::kInvalidArgument, std::move(msg));
  }
  static Status not_found(std::string msg) { return Status(StatusCode::kNotFound, std::move(msg)); }
  static Status conflict(std::string msg) { return Status(StatusCode::kConflict, std::move(msg)); }
  static Status unavailable(std::string msg) {
    return Status(StatusCode::kUnavailable, std::move(msg));
  }
  static Status internal(std::string msg) { return Status(StatusCode::kInternal, std::move(msg)); }

  bool is_ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Result<T> holds either a value or a non-ok Status.
template <class T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}          // NOLINT(implicit)
  Result(Status status) : status_(std::move(status)) {}  // NOLINT(implicit)

  bool is_ok() const { return value_.has_value(); }
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
  Status status_ = Status::internal("Result holds a value");
};

// Exit code of the `tandem` command for a status: 0 ok, 1 invalid input, 3 internal.
// (2 is reserved for usage errors, which the command-line parser reports itself.)
int exit_code_for(StatusCode code);

}  // namespace tandem
