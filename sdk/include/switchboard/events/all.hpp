// SPDX-License-Identifier: Apache-2.0
// Every event the SDK defines, as one type list: `switchboard events` walks it to print the
// catalogue, so a new event appears there by being added here.
#pragma once

#include <boost/mp11/list.hpp>
#include <switchboard/events/bot.hpp>
#include <switchboard/events/device.hpp>
#include <switchboard/events/group.hpp>
#include <switchboard/events/message.hpp>
#include <switchboard/events/push.hpp>
#include <switchboard/events/system.hpp>

namespace sb {

using AllEvents =
    boost::mp11::mp_list<ServerStarted, ServerDraining, PluginHealthChanged, MessageSubmitted,
                         MessageAccepted, MessageDelivered, MessageRead, MessageUndelivered,
                         DeviceOnline, DeviceOffline, DeviceRevoked, UserBlocked,
                         GroupChangeRequested, GroupPoliciesListed, GroupMemberAdded,
                         GroupMemberRemoved, BotMessage, PushNeeded>;

}  // namespace sb
