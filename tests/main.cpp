// Catch2 test runner for pacsim (the tests live in the other files of this folder).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
