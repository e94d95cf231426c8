// What this binary is: its version and the commit it was built from (shown by `kesu --version` and as the
// kesu_build_info metric).
#pragma once

#include <string_view>

namespace kesu::app {

struct BuildInfo {
    std::string_view version;  // the project's version (CMakeLists.txt)
    std::string_view commit;   // abbreviated git commit, "-modified" when built from a changed tree; "unknown"
};

// Defined in the file cmake/KesuBuildInfo.cmake generates at every build.
BuildInfo CurrentBuild();

}  // namespace kesu::app
