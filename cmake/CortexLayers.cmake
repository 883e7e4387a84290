# cortex_check_layer(TARGET ROOT ALLOWED...): TARGET does not build while a file under ROOT includes a
# project header from a folder that is not ALLOWED (check_includes.cmake). This is how the layering of
# docs/ARCHITECTURE.md is kept: ui/ sees the application layer and the session, never the store.
function(cortex_check_layer target root)
    set(allowed ${ARGN})
    get_filename_component(layer "${root}" NAME)
    file(GLOB_RECURSE sources CONFIGURE_DEPENDS "${root}/*.h" "${root}/*.cpp")
    set(stamp "${CMAKE_CURRENT_BINARY_DIR}/${target}_layer_check.stamp")
    add_custom_command(
        OUTPUT "${stamp}"
        COMMAND ${CMAKE_COMMAND} -DROOT=${root} -DLAYER=${layer} "-DALLOWED=${allowed}" -DSTAMP=${stamp}
                -P ${CMAKE_SOURCE_DIR}/cmake/check_includes.cmake
        DEPENDS ${sources} ${CMAKE_SOURCE_DIR}/cmake/check_includes.cmake
        COMMENT "Checking that ${layer}/ includes only ${allowed}"
        VERBATIM)
    add_custom_target(${target}_layer_check DEPENDS "${stamp}")
    add_dependencies(${target} ${target}_layer_check)
endfunction()
