# Installation layout and the Debian package. Included last by the root CMakeLists.txt, so every target exists.
#
#   bin/alfabravod, bin/alfabravo
#   libexec/alfabravo/alfabravo-print        the local speller `alfabravo --print` runs (client/CMakeLists.txt)
#   share/alfabravo/voices/*.toml          where the daemon looks (build_config.hpp: kInstalledDataDir)
#   <systemduserunitdir>/alfabravod.{service,socket}
#   share/man/man1/alfabravo{,d}.1.gz, share/man/man5/alfabravod.toml.5.gz
#   <bash completionsdir>/alfabravo, share/zsh/{vendor-completions|site-functions}/_alfabravo
#   share/doc/alfabravo/examples/alfabravod.toml
#
# The binaries know their data directory from CMAKE_INSTALL_PREFIX at configure time, so the package is made
# for that same prefix. For a proper .deb configure with -DCMAKE_INSTALL_PREFIX=/usr, build, then run `cpack`.

# A directory a pkg-config variable names, with the package's prefix replaced by ours (so a /usr/local install
# gets /usr/local/lib/systemd/user, which systemd also searches), relative to the prefix when it lies inside.
function(alfabravo_pkg_config_dir result module variable fallback)
  set(dir "")
  if(PKG_CONFIG_EXECUTABLE)
    execute_process(
      COMMAND "${PKG_CONFIG_EXECUTABLE}" "--define-variable=prefix=${CMAKE_INSTALL_PREFIX}"
              "--define-variable=datadir=${CMAKE_INSTALL_FULL_DATADIR}" "--variable=${variable}" "${module}"
      OUTPUT_VARIABLE dir OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE failed)
    if(failed)
      set(dir "")
    endif()
  endif()
  if(dir STREQUAL "")
    set(dir "${fallback}")
  elseif(IS_ABSOLUTE "${dir}")
    cmake_path(IS_PREFIX CMAKE_INSTALL_PREFIX "${dir}" NORMALIZE inside)
    if(inside)
      file(RELATIVE_PATH dir "${CMAKE_INSTALL_PREFIX}" "${dir}")
    endif()
  endif()
  set(${result} "${dir}" PARENT_SCOPE)
endfunction()

alfabravo_pkg_config_dir(_unit_dir systemd systemduserunitdir "lib/systemd/user")
alfabravo_pkg_config_dir(_bash_dir bash-completion completionsdir "${CMAKE_INSTALL_DATADIR}/bash-completion/completions")
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(_zsh_default "${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions")  # Debian's place for packaged functions
else()
  set(_zsh_default "${CMAKE_INSTALL_DATADIR}/zsh/site-functions")  # in zsh's default fpath for /usr/local
endif()
set(ALFABRAVO_SYSTEMD_USER_UNIT_DIR "${_unit_dir}" CACHE STRING "Where the systemd user units are installed")
set(ALFABRAVO_BASH_COMPLETION_DIR "${_bash_dir}" CACHE STRING "Where the bash completion is installed")
set(ALFABRAVO_ZSH_COMPLETION_DIR "${_zsh_default}" CACHE STRING "Where the zsh completion is installed")

# Units: ExecStart names the installed daemon.
configure_file("${PROJECT_SOURCE_DIR}/systemd/alfabravod.service.in" "${PROJECT_BINARY_DIR}/systemd/alfabravod.service"
               @ONLY)
configure_file("${PROJECT_SOURCE_DIR}/systemd/alfabravod.socket" "${PROJECT_BINARY_DIR}/systemd/alfabravod.socket"
               COPYONLY)

# Man pages, gzip -9n as Debian policy wants them (no timestamp, so the package is reproducible).
set(_man_pages alfabravo.1 alfabravod.1 alfabravod.toml.5)
set(_man_outputs "")
foreach(page IN LISTS _man_pages)
  set(source "${PROJECT_SOURCE_DIR}/docs/man/${page}")
  set(output "${PROJECT_BINARY_DIR}/man/${page}.gz")
  add_custom_command(
    OUTPUT "${output}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${PROJECT_BINARY_DIR}/man"
    COMMAND gzip -9nc "${source}" > "${output}"
    DEPENDS "${source}"
    COMMENT "Compressing man page ${page}"
    VERBATIM)
  list(APPEND _man_outputs "${output}")
  string(REGEX MATCH "[0-9]$" section "${page}")
  install(FILES "${output}" DESTINATION "${CMAKE_INSTALL_MANDIR}/man${section}")
endforeach()
add_custom_target(alfabravo_man_pages ALL DEPENDS ${_man_outputs})

# daemon/CMakeLists.txt installs alfabravod next to its target; the client is installed here.
install(TARGETS alfabravo RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
file(GLOB _voice_files CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/voices/*.toml")
install(FILES ${_voice_files} DESTINATION "${CMAKE_INSTALL_DATADIR}/alfabravo/voices")
install(FILES "${PROJECT_BINARY_DIR}/systemd/alfabravod.service" "${PROJECT_BINARY_DIR}/systemd/alfabravod.socket"
        DESTINATION "${ALFABRAVO_SYSTEMD_USER_UNIT_DIR}")
install(FILES "${PROJECT_SOURCE_DIR}/client/completions/alfabravo.bash" DESTINATION "${ALFABRAVO_BASH_COMPLETION_DIR}"
        RENAME alfabravo)
install(FILES "${PROJECT_SOURCE_DIR}/client/completions/_alfabravo" DESTINATION "${ALFABRAVO_ZSH_COMPLETION_DIR}")
# The desktop's launcher and hotkey targets: "Spell the clipboard", with say again / pause-resume / stop actions.
install(FILES "${PROJECT_SOURCE_DIR}/data/alfabravo.desktop" DESTINATION "${CMAKE_INSTALL_DATADIR}/applications")
# An example, not a conffile: the daemon runs with built-in defaults and reads the user's own file (see
# alfabravod.toml(5)); Debian policy puts examples under /usr/share/doc/<package>/examples.
install(FILES "${PROJECT_SOURCE_DIR}/docs/man/alfabravod.toml.example" DESTINATION "${CMAKE_INSTALL_DOCDIR}/examples"
        RENAME alfabravod.toml)
# Debian policy: the copyright file, plain, and the changelog, compressed without a timestamp. The version is
# native (no Debian revision), so the changelog is changelog.gz, not changelog.Debian.gz.
install(FILES "${PROJECT_SOURCE_DIR}/packaging/copyright" DESTINATION "${CMAKE_INSTALL_DOCDIR}")
add_custom_command(
  OUTPUT "${PROJECT_BINARY_DIR}/packaging/changelog.gz"
  COMMAND gzip -9nc "${PROJECT_SOURCE_DIR}/packaging/changelog" > "${PROJECT_BINARY_DIR}/packaging/changelog.gz"
  DEPENDS "${PROJECT_SOURCE_DIR}/packaging/changelog"
  COMMENT "Compressing the changelog"
  VERBATIM)
add_custom_target(alfabravo_changelog ALL DEPENDS "${PROJECT_BINARY_DIR}/packaging/changelog.gz")
install(FILES "${PROJECT_BINARY_DIR}/packaging/changelog.gz" DESTINATION "${CMAKE_INSTALL_DOCDIR}")
# alfabravod --help points here for the protocol.
install(FILES "${PROJECT_SOURCE_DIR}/docs/protocol.md" DESTINATION "${CMAKE_INSTALL_DOCDIR}" OPTIONAL)

# Where everything goes, as absolute paths, for tests/packaging/check_deb.sh (sourced by bash).
set(_layout "")
foreach(entry PREFIX=. BINDIR=${CMAKE_INSTALL_BINDIR} LIBEXECDIR=${CMAKE_INSTALL_LIBEXECDIR}
              DATADIR=${CMAKE_INSTALL_DATADIR}/alfabravo
              UNITDIR=${ALFABRAVO_SYSTEMD_USER_UNIT_DIR} BASHDIR=${ALFABRAVO_BASH_COMPLETION_DIR}
              ZSHDIR=${ALFABRAVO_ZSH_COMPLETION_DIR} MANDIR=${CMAKE_INSTALL_MANDIR} DOCDIR=${CMAKE_INSTALL_DOCDIR})
  string(REGEX MATCH "^[A-Z]+" name "${entry}")
  string(REGEX REPLACE "^[A-Z]+=" "" dir "${entry}")
  cmake_path(ABSOLUTE_PATH dir BASE_DIRECTORY "${CMAKE_INSTALL_PREFIX}" NORMALIZE)
  string(REGEX REPLACE "(.)/$" "\\1" dir "${dir}")
  string(APPEND _layout "${name}='${dir}'\n")
endforeach()
file(WRITE "${PROJECT_BINARY_DIR}/packaging/layout.sh" "${_layout}")

if(NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  message(STATUS "alfabravo: the .deb installs under ${CMAKE_INSTALL_PREFIX}, as this build was configured; "
                 "configure with -DCMAKE_INSTALL_PREFIX=/usr for a Debian package")
endif()

# The Debian package.
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "alfabravo")
set(CPACK_PACKAGE_VENDOR "alfabravo maintainers")
set(CPACK_PACKAGE_CONTACT "alfabravo maintainers <maintainers@alfabravo.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
# Lines under 80 columns, as lintian wants the extended description.
set(CPACK_PACKAGE_DESCRIPTION
    "alfabravo reads text aloud in the NATO/ICAO spelling alphabet (Alfa, Bravo,
Charlie ...), so an agent on a phone call can spell a URL or a temporary
password without mistakes. The user service alfabravod speaks what the client
alfabravo (or a softphone, over a Unix socket) sends it, and renders telephony
audio files for PBXs.")
set(CPACK_PACKAGING_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# The .deb and CPack's staging tree go to the build tree, wherever cpack is run from (not into the sources).
set(CPACK_PACKAGE_DIRECTORY "${PROJECT_BINARY_DIR}/package")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)  # as Debian ships binaries; the build tree keeps the debug information
set(CPACK_DEBIAN_PACKAGE_SECTION "sound")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/alfabravo/alfabravo")
# Shared libraries by dpkg-shlibdeps; the rest by hand: eSpeak's voice data, the ALSA plugin through which
# PortAudio reaches PulseAudio/PipeWire. The units run only /bin/sh (essential) besides the daemon, so no procps.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "espeak-ng-data, libasound2-plugins")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "pipewire-pulse | pulseaudio")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "wl-clipboard | xclip | xsel")
include(CPack)
