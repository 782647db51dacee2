# Headers are included as "<library>/<header>.hpp" ("audio/clip_library.hpp"), and a target sees the headers
# of exactly the libraries it links: each library exports an include root of its own, a build-tree directory
# that holds one symbolic link, <root>/<library> -> the library's source directory. Exporting the common
# parent (lib/, or the repository root) instead would let every target include every library's headers.
function(alfabravo_include_root target source_directory)
  get_filename_component(name "${source_directory}" NAME)
  set(root "${PROJECT_BINARY_DIR}/include-roots/${name}")
  file(MAKE_DIRECTORY "${root}")
  file(CREATE_LINK "${source_directory}" "${root}/${name}" SYMBOLIC)
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "INTERFACE_LIBRARY")
    target_include_directories(${target} INTERFACE "${root}")
  else()
    target_include_directories(${target} PUBLIC "${root}")
  endif()
endfunction()
