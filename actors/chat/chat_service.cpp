// Wiring of the chat actors and the authentication of new sockets: the token is looked up by
// a short-lived actor (never on the I/O thread); only a valid token gets a session actor.
#include "actors/chat/chat_service.hpp"

#include <caf/all.hpp>

#include "actors/chat/presence_registry.hpp"
#include "actors/chat/room_registry.hpp"
#include "actors/chat/session_actor.hpp"
#include "common/log.hpp"
#include "messages/caf_error.hpp"
#include "messages/type_ids.hpp"
#include "persistence/credentials.hpp"

namespace chat {

chat_service::chat_service(caf::actor_system& sys, store_actor store, reader_actor readers,
                           chat_options opts, cluster_actor cluster)
  : sys_(sys), store_(std::move(store)), readers_(std::move(readers)), opts_(opts),
    admission_(std::make_shared<event_admission>(event_admission::limits{
      opts.max_events_in_flight, opts.max_events_in_flight_per_socket})) {
  // The registries know each other: presence first, then rooms, then tell presence.
  presence_registry_ = spawn_presence_registry(sys_, readers_, opts_, cluster);
  room_deps deps{{}, store_, readers_, presence_registry_, opts_, cluster};
  room_registry_ = spawn_room_registry(sys_, std::move(deps));
  caf::anon_send(presence_registry_, room_registry_);
}

chat_service::~chat_service() {
  caf::anon_send_exit(room_registry_, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(presence_registry_, caf::exit_reason::user_shutdown);
}

void chat_service::on_connect(socketio::connect_request_ptr request) {
  const auto& auth = request->auth();
  auto it = auth.is_object() ? auth.find("token") : auth.end();
  if (it == auth.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
    request->reject({{"message", "unauthorized"}});
    return;
  }
  auto hash = persistence::token_hash(it->get_ref<const std::string&>());
  session_deps deps{room_registry_, presence_registry_, store_, readers_, opts_, admission_};
  sys_.spawn([request, hash, deps](caf::event_based_actor* self) {
    self->request(deps.readers, deps.opts.request_timeout, authenticate_atom_v, hash)
      .then(
        [self, request, hash, deps](user_info& user) {
          self->spawn(session, session_args{std::move(user), hash, request, deps});
        },
        [request](caf::error& err) {
          if (errc_of(err) == chat_errc::unauthorized) {
            request->reject({{"message", "unauthorized"}});
          } else {
            log::warn("socket authentication failed: " + message_of(err));
            request->reject({{"message", "internal error"}});
          }
        });
  });
}

}  // namespace chat
