// The bridge between the contract's errors (chat_errc / chat_error) and caf::error, the only
// error type that travels between actors. Category "chat"; the human message rides in the context.
#pragma once

#include <exception>
#include <string>

#include <caf/atom.hpp>
#include <caf/error.hpp>

#include "messages/chat_error.hpp"

namespace chat {

/// The category of every error made by make_caf_error.
constexpr caf::atom_value chat_error_category = caf::atom("chat");

/// A caf::error carrying `code` and `message` (category "chat").
caf::error make_caf_error(chat_errc code, std::string message);

/// The same error as a caf::error.
caf::error make_caf_error(const chat_error& e);

/// The contract code of an error; anything not made by make_caf_error (a request timeout,
/// a dead actor, …) is chat_errc::internal.
chat_errc errc_of(const caf::error& err);

/// The caf::error for an exception a persistence job threw: a chat_error keeps its code and
/// message; anything else is logged (with `where`) and becomes internal, its text withheld.
caf::error caf_error_of(std::exception_ptr e, const char* where);

/// The human-readable message of an error ("internal error" style text for foreign errors).
std::string message_of(const caf::error& err);

}  // namespace chat
