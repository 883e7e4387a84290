# One INTERFACE target carries the language standard and warnings; every Cortex target links it
# instead of repeating flags (the qBittorrent CommonConfig pattern).
add_library(cortex_common_flags INTERFACE)
target_compile_features(cortex_common_flags INTERFACE cxx_std_20)
target_compile_options(cortex_common_flags INTERFACE
    $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wpedantic -Wno-unused-parameter>)
target_compile_definitions(cortex_common_flags INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CONTEXTLESS_CONNECT
    QT_DISABLE_DEPRECATED_UP_TO=0x060400)

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
