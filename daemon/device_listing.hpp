#pragma once
// The devices op's answer: listing initialises PortAudio, which can take seconds on a slow sound server, so
// it runs on a worker and its answer is posted back. Counts the listings still running per session, so a
// client that shut down its sending side is kept until its answer is written. io thread only.
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstdint>
#include <map>

#include "lifetime.hpp"
#include "reply.hpp"

namespace alfabravo {

class DeviceListing {
 public:
  DeviceListing(boost::asio::io_context& io, boost::asio::thread_pool& workers)
      : io_(io), workers_(workers) {}

  void start(Reply reply);
  bool has_open(std::uint64_t session_number) const { return pending_.count(session_number) > 0; }

 private:
  boost::asio::io_context& io_;
  boost::asio::thread_pool& workers_;
  std::map<std::uint64_t, int> pending_;  // by session: answers still to come from a worker
  Lifetime lifetime_;
};

}  // namespace alfabravo
