package dev.kez.cli.sigchain;

import dev.kez.cli.ExitCode;
import dev.kez.cli.Failure;
import dev.kez.core.chain.DeviceEnrollment;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kez sigchain device-sign}: step 2 of adding a device, run on the device. */
@Command(
    name = "device-sign",
    header = "On a device: sign an add-device request with this machine's device key.")
final class SigchainDeviceSignCommand extends SigchainBase {
  @Parameters(
      paramLabel = "REQUEST",
      description = "The request 'kez sigchain add-device --key' printed (a file, or - for stdin).")
  String request;

  @Override
  public Integer call() {
    var o = Json.parseObject(readInput(request));
    SecretKey device =
        keyStore()
            .device(passphrases())
            .orElseThrow(() ->
                Failure.local(
                    "this machine has no device key (kez sigchain device-key makes one)"));
    out().println(Json.write(DeviceEnrollment.signOnDevice(o, device)));
    err()
        .println(
            "Step 2 of 3 done: give this to 'kez sigchain add-device --signed' on the machine holding the identity.");
    return ExitCode.OK;
  }
}
