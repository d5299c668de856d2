// SPDX-License-Identifier: Apache-2.0
// What the media routes share: the caller from the Bearer token, the declared content
// type, header numbers, and JSON answers.
#pragma once

#include <optional>
#include <string>

#include <switchboard/http.hpp>
#include <switchboard/services/media_index.hpp>
#include <switchboard/services/messaging.hpp>

namespace media_layer {

// The caller of a request by its Bearer token (signature and expiry: cheap enough for the
// I/O thread); the device's standing is checked again before anything is stored.
std::optional<sb::ClientIdentity> caller_of(const sb::HttpRequest& req, sb::Messaging& messaging);
sb::HttpResponse unauthorized();

// The media type a client declares (Content-Type): "type/subtype" and parameters, printable
// and short; nullopt with `error` set otherwise.
std::optional<std::string> declared_type(const sb::HttpRequest& req, std::string& error);

// A header holding a non-negative decimal number; nullopt when absent, throws
// std::invalid_argument naming the header when it is not one.
std::optional<std::uint64_t> header_number(const sb::HttpRequest& req, std::string_view name);

sb::HttpResponse media_json(int status, const sb::MediaRecord& m);

}  // namespace media_layer
