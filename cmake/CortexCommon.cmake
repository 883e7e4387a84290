# One INTERFACE target carries the language standard and warnings; every Cortex target links it
# instead of repeating flags (the qBittorrent CommonConfig pattern).
add_library(cortex_common_flags INTERFACE)
target_compile_features(cortex_common_flags INTERFACE cxx_std_20)
# -Wold-style-cast: a C cast may be a static, const or reinterpret cast without saying which;
# -Wnon-virtual-dtor: a class with virtual functions deleted through its base must have a virtual
# destructor.
target_compile_options(cortex_common_flags INTERFACE
    $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wpedantic -Wno-unused-parameter -Wold-style-cast -Wnon-virtual-dtor>)
# QT_NO_CAST_FROM_ASCII/QT_NO_CAST_TO_ASCII: every conversion between QString and char bytes names its
# encoding. QT_USE_QSTRINGBUILDER: a chain of + on strings allocates once (its type is a builder, so
# `auto s = a + b` must be written `QString s = a + b`).
target_compile_definitions(cortex_common_flags INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_USE_QSTRINGBUILDER
    QT_NO_CONTEXTLESS_CONNECT
    QT_DISABLE_DEPRECATED_UP_TO=0x060400)

# Warnings as errors for Cortex's own targets (CI turns it on with gcc; third-party headers are SYSTEM
# includes, so their warnings never count).
option(CORTEX_WERROR "Treat warnings in Cortex's own code as errors" OFF)
if(CORTEX_WERROR)
    target_compile_options(cortex_common_flags INTERFACE $<$<CXX_COMPILER_ID:GNU,Clang>:-Werror>)
endif()

option(CORTEX_ASAN "Build with AddressSanitizer and UBSan" OFF)
if(CORTEX_ASAN)
    target_compile_options(cortex_common_flags INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
    target_link_options(cortex_common_flags INTERFACE -fsanitize=address,undefined)
endif()

option(CORTEX_TSAN "Build with ThreadSanitizer (the Qt-free concurrency tests)" OFF)
if(CORTEX_TSAN)
    target_compile_options(cortex_common_flags INTERFACE -fsanitize=thread -fno-omit-frame-pointer)
    target_link_options(cortex_common_flags INTERFACE -fsanitize=thread)
endif()

# libFuzzer targets (tests/fuzz): every Cortex library is instrumented for coverage, AddressSanitizer
# and UBSan (any UB report stops the run), the fuzz targets link libFuzzer's main. Clang only; build
# it in its own directory (README.md, "Fuzzing").
option(CORTEX_FUZZ "Build the libFuzzer targets in tests/fuzz (clang only)" OFF)
if(CORTEX_FUZZ AND NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(WARNING "CORTEX_FUZZ needs clang (libFuzzer); ${CMAKE_CXX_COMPILER_ID} builds no fuzz targets")
    set(CORTEX_FUZZ OFF)
endif()
if(CORTEX_FUZZ)
    target_compile_options(cortex_common_flags INTERFACE
        -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
        -fsanitize-ignorelist=${CMAKE_CURRENT_LIST_DIR}/ubsan-ignorelist.txt)
    target_link_options(cortex_common_flags INTERFACE -fsanitize=address,undefined)
endif()
