# Every dependency comes from Debian 12's archive (scripts/install-deps.sh installs them).
find_package(Threads REQUIRED)
find_package(Boost 1.81...<1.82 CONFIG REQUIRED COMPONENTS json url)
find_package(OpenSSL 3 REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(PostgreSQL REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
# Knowledge bases: PDF text (poppler's C++ API) and HNSW vector search (header-only, no package).
pkg_check_modules(POPPLER_CPP REQUIRED IMPORTED_TARGET poppler-cpp)
find_path(HNSWLIB_INCLUDE hnswlib/hnswlib.h REQUIRED)
# Several nodes: Redis through hiredis (0.14 in Debian 12: no TLS). Found by hand: its
# pkg-config file adds -D_FILE_OFFSET_BITS=64, which would reach every test and break the
# precompiled header (a no-op on 64-bit anyway).
find_path(HIREDIS_INCLUDE hiredis/hiredis.h REQUIRED)
find_library(HIREDIS_LIBRARY hiredis REQUIRED)
add_library(ovos_hiredis INTERFACE)
target_link_libraries(ovos_hiredis INTERFACE ${HIREDIS_LIBRARY})
if(OVOS_BUILD_TESTS)
  find_package(GTest CONFIG REQUIRED)
  find_package(CURL REQUIRED)
endif()
if(OVOS_BUILD_BENCH)
  find_package(CURL REQUIRED)
endif()
