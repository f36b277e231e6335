#include "model/status.h"

namespace tandem {

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

}  // namespace tandem
