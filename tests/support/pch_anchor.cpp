// Gives tests/CMakeLists.txt a target that owns the shared precompiled header.
