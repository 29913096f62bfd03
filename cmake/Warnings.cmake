# ovos_module(NAME SOURCES... DEPS ...) declares one static library per module of the layout.
add_library(ovos_options INTERFACE)
target_compile_options(ovos_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                              -Wold-style-cast -Wcast-align -Woverloaded-virtual
                                              -Wnull-dereference -Wimplicit-fallthrough)
if(OVOS_WERROR)
  target_compile_options(ovos_options INTERFACE -Werror)
endif()
if(OVOS_SANITIZE)
  target_compile_options(ovos_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                                -fno-sanitize-recover=undefined)
  target_link_options(ovos_options INTERFACE -fsanitize=address,undefined)
endif()
if(OVOS_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "OVOS_BUILD_FUZZERS needs clang (use the `fuzz` preset)")
  endif()
  # Coverage instrumentation for every library a fuzzer links; the fuzzers add the driver.
  target_compile_options(ovos_options INTERFACE -fsanitize=fuzzer-no-link)
endif()
target_include_directories(ovos_options INTERFACE ${PROJECT_SOURCE_DIR}/src)

function(ovos_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(ovos_${name} STATIC ${ARG_SOURCES})
  target_link_libraries(ovos_${name} PUBLIC ovos_options ${ARG_DEPS})
  add_library(ovos::${name} ALIAS ovos_${name})
endfunction()
