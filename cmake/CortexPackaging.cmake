# Installation and the Debian package (issue 4, Packaging).
#
# app/gui/CMakeLists.txt installs `cortex`, its .desktop file and its icon; this adds `cortex-cli` and
# the CPack settings for `cpack -G DEB` (packaging/README.md). Included from the root CMakeLists.txt
# only for the full build (not CORTEX_ENGINE_ONLY).

include(GNUInstallDirs)

# The headless command line next to the desktop application (same library, same settings file).
install(TARGETS cortex-cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

set(CPACK_PACKAGE_NAME "cortex")
set(CPACK_PACKAGE_VENDOR "Cortex")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Search documents and images with Qwen3-VL embeddings")
set(CPACK_PACKAGE_DESCRIPTION
    "Cortex embeds text, PDF pages, charts, photos and pasted screenshots into one vector space with\n\
Qwen3-VL-Embedding (2B or 8B), run in-process with libtorch, and re-scores the best candidates with\n\
Qwen3-VL-Reranker. The package holds the Qt desktop application (cortex) and the command line\n\
(cortex-cli). The models are not included: download a Hugging Face snapshot and choose its folder\n\
in the Settings tab.")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "cortex")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_PACKAGE_MAINTAINER "Cortex maintainers <cortex@localhost>")
set(CPACK_DEBIAN_PACKAGE_SECTION "utils")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # cortex_<version>_<arch>.deb
# The linked libraries (libtorch, Qt 6, SQLite, libzip, ...) as Debian package dependencies, found by
# dpkg-shlibdeps (dpkg-dev) from the installed binaries.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Loaded as plug-ins at run time, so dpkg-shlibdeps cannot see them: the SVG icon engine and image
# plug-in (the icons are SVG), the extra image formats (WebP, TIFF, ...) that ingestion decodes, and
# OpenSSL, which Qt's TLS plug-in opens for the model downloads over HTTPS.
# FFmpeg's libraries (Debian 12 names) for video: core/video is not linked into cortex or cortex-cli yet
# (ingestion of videos comes later), so dpkg-shlibdeps cannot see them until then; named here so that the
# package already brings what the video layer needs.
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libqt6svg6, qt6-image-formats-plugins, libssl3, libavformat59, libavcodec59, libswscale6, libavutil57")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "xdg-utils")

set(CPACK_GENERATOR "DEB")
include(CPack)
