#pragma once
// The handlers of the op table (op_table.cpp), one file per kind of op.
#include "op_table.hpp"

namespace alfabravo::ops {

void speak(OpContext& context, Request& request, const Reply& reply);       // speak.cpp
void transcript(OpContext& context, Request& request, const Reply& reply);  // transcript.cpp
void render(OpContext& context, Request& request, const Reply& reply);      // render.cpp
void cancel(OpContext& context, Request& request, const Reply& reply);      // cancel.cpp
void stop(OpContext& context, Request& request, const Reply& reply);        // cancel.cpp
void status(OpContext& context, Request& request, const Reply& reply);      // info.cpp
void voices(OpContext& context, Request& request, const Reply& reply);      // info.cpp
void devices(OpContext& context, Request& request, const Reply& reply);     // info.cpp
void ping(OpContext& context, Request& request, const Reply& reply);        // info.cpp
void version(OpContext& context, Request& request, const Reply& reply);     // info.cpp
void pause(OpContext& context, Request& request, const Reply& reply);       // pause.cpp
void resume(OpContext& context, Request& request, const Reply& reply);      // pause.cpp
void repeat(OpContext& context, Request& request, const Reply& reply);      // repeat.cpp
void forget(OpContext& context, Request& request, const Reply& reply);      // repeat.cpp
void compare(OpContext& context, Request& request, const Reply& reply);     // compare.cpp
void back(OpContext& context, Request& request, const Reply& reply);        // navigate.cpp
void skip(OpContext& context, Request& request, const Reply& reply);        // navigate.cpp

}  // namespace alfabravo::ops
