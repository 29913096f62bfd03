# ovos_embed(TARGET target NAME symbol FILES ...) compiles files into the binary as a table of
# {path, contents} so the binary needs nothing beside it at run time (migrations, OpenAPI, schemas).
function(ovos_embed)
  cmake_parse_arguments(ARG "" "TARGET;NAME;BASE" "FILES" ${ARGN})
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${ARG_NAME}_embedded.cpp)
  # A ';' inside one custom-command argument would split it; pass the list joined by '|'.
  string(REPLACE ";" "|" files_arg "${ARG_FILES}")
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNAME=${ARG_NAME} -DBASE=${ARG_BASE}
            "-DFILES=${files_arg}" -P ${PROJECT_SOURCE_DIR}/cmake/EmbedScript.cmake
    DEPENDS ${ARG_FILES} ${PROJECT_SOURCE_DIR}/cmake/EmbedScript.cmake
    COMMENT "Embedding ${ARG_NAME}"
    VERBATIM)
  target_sources(${ARG_TARGET} PRIVATE ${out})
endfunction()
