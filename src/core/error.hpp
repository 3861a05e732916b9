// Errors as values. An Error carries a canonical code (Abseil's set), a message that tells the
// user what was wrong and how to fix it, the offending field if any, and for bulk input (CSV
// imports) every row-level problem found. Result<T> is tl::expected<T, Error>.
// Thread-safety: plain values.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

namespace linli {

enum class ErrorCode {
  kInvalidArgument,
  kUnauthenticated,
  kPermissionDenied,
  kNotFound,
  kAlreadyExists,
  kFailedPrecondition,
  kAborted,
  kResourceExhausted,
  kPayloadTooLarge,
  kUnavailable,
  kInternal,
};

// The wire name of a code, e.g. "invalid_argument".
const char* ErrorCodeName(ErrorCode code);

// One problem in a row of bulk input. `line` is the 1-based line of the file (header = 1).
struct RowProblem {
  int line = 0;
  std::string column;
  std::string problem;
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string field;
  std::vector<RowProblem> rows;
};

template <class T>
using Result = tl::expected<T, Error>;
using Status = tl::expected<void, Error>;

inline tl::unexpected<Error> MakeError(ErrorCode code, std::string message,
                                       std::string field = {}) {
  return tl::unexpected<Error>(Error{code, std::move(message), std::move(field), {}});
}
inline tl::unexpected<Error> InvalidArgument(std::string message, std::string field = {}) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message), std::move(field));
}
inline tl::unexpected<Error> NotFound(std::string message, std::string field = {}) {
  return MakeError(ErrorCode::kNotFound, std::move(message), std::move(field));
}
inline tl::unexpected<Error> PermissionDenied(std::string message) {
  return MakeError(ErrorCode::kPermissionDenied, std::move(message));
}
inline tl::unexpected<Error> FailedPrecondition(std::string message, std::string field = {}) {
  return MakeError(ErrorCode::kFailedPrecondition, std::move(message), std::move(field));
}
inline tl::unexpected<Error> AlreadyExists(std::string message, std::string field = {}) {
  return MakeError(ErrorCode::kAlreadyExists, std::move(message), std::move(field));
}
inline tl::unexpected<Error> Internal(std::string message) {
  return MakeError(ErrorCode::kInternal, std::move(message));
}

// Propagates an error from an expression returning Result/Status.
#define LINLI_TRY(...)                                                        \
  do {                                                                        \
    auto linli_try_result_ = (__VA_ARGS__);                                   \
    if (!linli_try_result_) return tl::unexpected(linli_try_result_.error()); \
  } while (0)

#define LINLI_CONCAT_INNER(a, b) a##b
#define LINLI_CONCAT(a, b) LINLI_CONCAT_INNER(a, b)
// Declares `lhs` from the value of a Result, or returns its error.
#define LINLI_ASSIGN_OR_RETURN(lhs, ...) \
  LINLI_ASSIGN_OR_RETURN_IMPL(LINLI_CONCAT(linli_res_, __LINE__), lhs, __VA_ARGS__)
#define LINLI_ASSIGN_OR_RETURN_IMPL(tmp, lhs, ...) \
  auto tmp = (__VA_ARGS__);                        \
  if (!tmp) return tl::unexpected(tmp.error());    \
  lhs = std::move(*tmp)

}  // namespace linli
