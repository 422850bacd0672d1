// A text file of the repository compiled into the binary
// (cmake/embed_files.cmake).
#pragma once

#include <string_view>

namespace caravan {

struct EmbeddedFile {
  std::string_view name;  // file name without its extension
  std::string_view text;
};

}  // namespace caravan
