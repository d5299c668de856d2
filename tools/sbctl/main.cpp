// SPDX-License-Identifier: Apache-2.0
// sbctl's entry point: parse the command line, run the command, map failures to exit codes.
#include <iostream>

#include <switchboard/client/error.hpp>

#include "cli.hpp"
#include "commands.hpp"
#include "connection.hpp"
#include "errors.hpp"

int main(int argc, char** argv) {
  using namespace sbctl;
  try {
    auto inv = parse_command_line(std::vector<std::string>(argv + 1, argv + argc));
    return run_command(inv, std::cout);
  } catch (const CliError& e) {
    std::cerr << "sbctl: " << e.what() << "\n";
    if (e.code() == exit_code::usage) std::cerr << "(sbctl --help lists the commands)\n";
    return e.code();
  } catch (const sb::client::Error& e) {
    std::cerr << "sbctl: " << e.what() << "\n";
    return exit_code_for(e);
  } catch (const std::exception& e) {
    std::cerr << "sbctl: " << e.what() << "\n";
    return exit_code::failure;
  }
}
