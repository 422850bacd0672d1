# caravan_embed_files(OUTPUT NAMESPACE FUNCTION FILES...): writes OUTPUT, a
# source defining `std::span<const caravan::EmbeddedFile> FUNCTION()` in
# NAMESPACE, which holds each file's name (without extension) and text, so
# data kept as text in the repository (phrase lists, the topic lexicon) is
# compiled in and needs no install path. Editing a file reconfigures the
# build; so does adding one, when FILES come from a CONFIGURE_DEPENDS glob.
function(caravan_embed_files output namespace function)
  set(entries "")
  foreach(path IN LISTS ARGN)
    get_filename_component(name ${path} NAME_WE)
    file(READ ${path} text)
    if(text MATCHES "\\)caravan_embedded\"")
      message(FATAL_ERROR "${path} contains the delimiter of ${output}'s raw strings")
    endif()
    string(APPEND entries "    {\"${name}\", R\"caravan_embedded(${text})caravan_embedded\"},\n")
  endforeach()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${ARGN})
  file(RELATIVE_PATH from ${CMAKE_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR})
  file(CONFIGURE OUTPUT ${output} @ONLY CONTENT
"// Written by cmake/embed_files.cmake from the files of ${from}/.
#include <span>

#include \"common/embedded.h\"

namespace @namespace@ {

std::span<const caravan::EmbeddedFile> @function@() {
  static constexpr caravan::EmbeddedFile kFiles[] = {
@entries@  };
  return kFiles;
}

}  // namespace @namespace@
")
endfunction()
