# SPDX-License-Identifier: Apache-2.0
# switchboard_add_plugin(<name> SOURCES ...): builds libsb_<name>.so (dashes become
# underscores) as a module the kernel loads with Boost.DLL. Used in-tree and by third
# parties through find_package(SwitchboardSDK).
function(switchboard_add_plugin name)
  cmake_parse_arguments(ARG "" "OUTPUT_DIRECTORY" "SOURCES;LIBRARIES" ${ARGN})
  string(REPLACE "-" "_" file_name "${name}")
  set(target "sb_${file_name}")
  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE SwitchboardSDK::sdk ${ARG_LIBRARIES})
  set_target_properties(${target} PROPERTIES
    PREFIX "lib"
    OUTPUT_NAME "sb_${file_name}"
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(ARG_OUTPUT_DIRECTORY)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${ARG_OUTPUT_DIRECTORY}")
  endif()
endfunction()
