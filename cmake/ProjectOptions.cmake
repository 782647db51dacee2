# Warnings, sanitizers and the fuzzing switch, applied to every target of the project
# through the INTERFACE target alfabravo_options (linked by each library and executable).
option(ALFABRAVO_WERROR "Treat compiler warnings as errors (CI turns this on)" OFF)
option(ALFABRAVO_ASAN "Build with AddressSanitizer" OFF)
option(ALFABRAVO_UBSAN "Build with UndefinedBehaviorSanitizer" OFF)
option(ALFABRAVO_FUZZ "Build the libFuzzer targets (needs clang)" OFF)

add_library(alfabravo_options INTERFACE)
target_compile_features(alfabravo_options INTERFACE cxx_std_20)
target_compile_options(alfabravo_options INTERFACE -Wall -Wextra -Wpedantic)
if(ALFABRAVO_WERROR)
  target_compile_options(alfabravo_options INTERFACE -Werror)
endif()

set(_sanitizers "")
if(ALFABRAVO_ASAN)
  list(APPEND _sanitizers address)
endif()
if(ALFABRAVO_UBSAN)
  list(APPEND _sanitizers undefined)
endif()
if(_sanitizers)
  list(JOIN _sanitizers "," _sanitize_list)
  target_compile_options(alfabravo_options INTERFACE -fsanitize=${_sanitize_list} -fno-omit-frame-pointer
                                                     -fno-sanitize-recover=all)
  target_link_options(alfabravo_options INTERFACE -fsanitize=${_sanitize_list})
endif()
if(ALFABRAVO_FUZZ)
  # Instrument the libraries for coverage so the fuzzers can steer; the fuzz mains add -fsanitize=fuzzer.
  target_compile_options(alfabravo_options INTERFACE -fsanitize=fuzzer-no-link,address,undefined)
  target_link_options(alfabravo_options INTERFACE -fsanitize=address,undefined)
endif()
