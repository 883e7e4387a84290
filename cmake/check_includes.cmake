# Fails when a source file under ROOT includes a project header outside the layers it may see.
#   cmake -DROOT=<folder> -DLAYER=<name> -DALLOWED="<first folder>;..." [-DSTAMP=<file>] -P check_includes.cmake
# A quoted include with a folder ("store/library_db.h") must start with one of ALLOWED; includes without
# a folder (generated files, a file's own neighbours) and <system> includes are not checked. It reads
# only what the files say directly: what an allowed header includes is that layer's business.
cmake_minimum_required(VERSION 3.22)
if(NOT ROOT OR NOT LAYER OR NOT ALLOWED)
    message(FATAL_ERROR "check_includes.cmake needs ROOT, LAYER and ALLOWED")
endif()
file(GLOB_RECURSE files "${ROOT}/*.h" "${ROOT}/*.cpp")
set(violations "")
foreach(file IN LISTS files)
    file(STRINGS "${file}" includes REGEX "^[ \t]*#[ \t]*include[ \t]*\"[^\"]+/[^\"]+\"")
    foreach(line IN LISTS includes)
        string(REGEX REPLACE "^[^\"]*\"([^\"]+)\".*$" "\\1" header "${line}")
        string(REGEX REPLACE "/.*$" "" folder "${header}")
        if(NOT folder IN_LIST ALLOWED)
            file(RELATIVE_PATH shown "${ROOT}/.." "${file}")
            string(APPEND violations "  ${shown} includes \"${header}\"\n")
        endif()
    endforeach()
endforeach()
if(violations)
    string(REPLACE ";" ", " allowed "${ALLOWED}")
    message(FATAL_ERROR "${LAYER}/ may include only the headers of ${allowed} (docs/ARCHITECTURE.md, "
                        "\"Layers\"); use the application layer (core/application) instead:\n${violations}")
endif()
if(STAMP)
    file(TOUCH "${STAMP}")
endif()
