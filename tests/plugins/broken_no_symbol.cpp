// SPDX-License-Identifier: Apache-2.0
// Deliberately broken: a shared object that forgot SB_PLUGIN, so it exports no entry.
extern "C" int switchboard_something_else() {
  return 42;
}
