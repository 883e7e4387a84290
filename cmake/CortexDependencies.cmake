# Third-party dependencies, all from Debian's packages (see README.md).
find_package(Torch REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(Threads REQUIRED)
find_package(OpenMP REQUIRED COMPONENTS CXX)

# utf8proc: NFC normalisation and Unicode categories for the tokenizer (small C library).
find_path(UTF8PROC_INCLUDE_DIR utf8proc.h REQUIRED)
find_library(UTF8PROC_LIBRARY NAMES utf8proc REQUIRED)
add_library(cortex_utf8proc INTERFACE)
target_include_directories(cortex_utf8proc SYSTEM INTERFACE ${UTF8PROC_INCLUDE_DIR})
target_link_libraries(cortex_utf8proc INTERFACE ${UTF8PROC_LIBRARY})

# stb_image: image decoding without Qt (header-only; the implementation is compiled in one file).
find_path(STB_INCLUDE_DIR stb/stb_image.h REQUIRED)
add_library(cortex_stb INTERFACE)
target_include_directories(cortex_stb SYSTEM INTERFACE ${STB_INCLUDE_DIR})

if(CORTEX_BUILD_TESTS)
    find_package(doctest REQUIRED)
endif()

if(NOT CORTEX_ENGINE_ONLY)
    # The knowledge base and the application (core/ outside model/, ui/, app/).
    find_package(Qt6 6.4 REQUIRED COMPONENTS Core Gui Widgets Concurrent Network Pdf Test LinguistTools)
    find_package(SQLite3 REQUIRED)
    # libzip: DOCX/PPTX/ODT are zip files, and so is an exported collection. Found by hand because
    # Debian's libzip CMake config refers to command-line tools that libzip-dev does not install.
    find_path(LIBZIP_INCLUDE_DIR zip.h REQUIRED)
    find_library(LIBZIP_LIBRARY NAMES zip REQUIRED)
    add_library(cortex_libzip INTERFACE)
    target_include_directories(cortex_libzip SYSTEM INTERFACE ${LIBZIP_INCLUDE_DIR})
    target_link_libraries(cortex_libzip INTERFACE ${LIBZIP_LIBRARY})
    # FFmpeg (libavformat-dev, libavcodec-dev, libswscale-dev, libavutil-dev; 5.1 in Debian 12): video
    # decoding (core/video). Found with pkg-config, which Debian's packages ship.
    find_package(PkgConfig REQUIRED)
    pkg_check_modules(FFMPEG REQUIRED IMPORTED_TARGET libavformat libavcodec libswscale libavutil)
    # hnswlib: header-only approximate nearest-neighbour search (libhnswlib-dev 0.6.2).
    find_path(HNSWLIB_INCLUDE_DIR hnswlib/hnswlib.h REQUIRED)
    add_library(cortex_hnswlib INTERFACE)
    target_include_directories(cortex_hnswlib SYSTEM INTERFACE ${HNSWLIB_INCLUDE_DIR})
endif()
