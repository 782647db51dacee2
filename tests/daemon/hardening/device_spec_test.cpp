// Which device names a request may carry: listed devices and plain ALSA PCM names, never definitions.
#include "protocol/device_spec.hpp"

#include <gtest/gtest.h>

#include "protocol/request.hpp"

namespace alfabravo {
namespace {

TEST(DeviceSpec, ListedDeviceNamesAndPlainPcmNamesAreAccepted) {
  for (const char* name :
       {"default", "pulse", "HDA Intel PCH: ALC3246 Analog (hw:0,0)", "3", "alsa:default", "alsa:pulse",
        "alsa:hw:0,0", "alsa:plughw:CARD=PCH,DEV=0", "alsa:dmix", "alsa:pulse:alfabravo_out",
        "alsa:pulse:alsa_output.pci-0000_00_1f.3.analog-stereo"}) {
    EXPECT_FALSE(request_device_problem(name)) << name;
  }
}

TEST(DeviceSpec, PluginDefinitionsAndFilePluginsAreRefused) {
  for (const char* name :
       {"alsa:file:\"|touch /tmp/x\"", "alsa:file:/tmp/out.raw", "alsa:file", "alsa:tee:x", "alsa:plug:file",
        "alsa:plug:'file:x'", "alsa:{type file file \"|id\"}", "alsa:shm", "alsa:", "alsa:hw:0,0 extra",
        "alsa:hw:$HOME", "alsa:upmix:SLAVE=file", "alsa:pulse:../x", "alsa:hw:0;id"}) {
    EXPECT_TRUE(request_device_problem(name)) << name;
  }
}

TEST(DeviceSpec, TheParserRefusesADefinitionWithBadOption) {
  const auto parsed = parse_request(R"({"op":"speak","id":1,"text":"a","device":"alsa:file:\"|id\""})");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().error.code, ErrorCode::bad_option);
  EXPECT_NE(parsed.error().error.message.find("config"), std::string::npos) << parsed.error().error.message;
}

}  // namespace
}  // namespace alfabravo
