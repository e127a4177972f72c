// The Socket.IO echo application of the conformance server (conformance spec §4), attached to
// the Engine.IO server that serves /socket.io/.
#pragma once

namespace chat::engineio {
class server;
}

namespace chat::conformance {

/// Runs Socket.IO namespaces "/" and "/custom" on every session `server` opens.
void attach_socketio_echo(chat::engineio::server& server);

}  // namespace chat::conformance
