# cortex_check_layer(TARGET ROOT [NO_QT] ALLOWED...): TARGET does not build while a file under ROOT
# includes a project header that is not ALLOWED, or, with NO_QT, any Qt header (check_includes.cmake).
# An ALLOWED entry is a folder ("store": every store/ header), a deeper folder ("ingest/extract") or
# one header ("store/records.h"). This is how the layering of docs/ARCHITECTURE.md is kept: ui/ sees
# the application layer and the session, never the store; a core layer sees only the layers below it.
function(cortex_check_layer target root)
    cmake_parse_arguments(PARSE_ARGV 2 arg "NO_QT" "" "")
    set(allowed ${arg_UNPARSED_ARGUMENTS})
    get_filename_component(layer "${root}" NAME)
    file(GLOB_RECURSE sources CONFIGURE_DEPENDS "${root}/*.h" "${root}/*.cpp")
    set(stamp "${CMAKE_CURRENT_BINARY_DIR}/${target}_layer_check.stamp")
    string(REPLACE ";" " " shown "${allowed}")
    set(no_qt OFF)
    set(qt_note "")
    if(arg_NO_QT)
        set(no_qt ON)
        set(qt_note " (no Qt)")
    endif()
    add_custom_command(
        OUTPUT "${stamp}"
        COMMAND ${CMAKE_COMMAND} -DROOT=${root} -DLAYER=${layer} "-DALLOWED=${allowed}" -DNO_QT=${no_qt}
                -DSTAMP=${stamp} -P ${CMAKE_SOURCE_DIR}/cmake/check_includes.cmake
        DEPENDS ${sources} ${CMAKE_SOURCE_DIR}/cmake/check_includes.cmake
        COMMENT "Checking that ${layer}/ includes only ${shown}${qt_note}"
        VERBATIM)
    add_custom_target(${target}_layer_check DEPENDS "${stamp}")
    add_dependencies(${target} ${target}_layer_check)
endfunction()
