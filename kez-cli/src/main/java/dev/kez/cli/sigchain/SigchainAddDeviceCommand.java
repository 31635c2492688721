package dev.kez.cli.sigchain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.cli.ExitCode;
import dev.kez.cli.Failure;
import dev.kez.core.MalformedException;
import dev.kez.core.chain.ChainStore;
import dev.kez.core.chain.DeviceEnrollment;
import dev.kez.core.chain.Links;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.json.Json;
import dev.kez.core.keystore.KeyStore;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kez sigchain add-device}. The device must sign the link too (device_sig), so a device
 * whose key is elsewhere is added in three steps: request here, device-sign there, --signed here.
 */
@Command(
    name = "add-device",
    header = "Let another key (a device) add and revoke accounts.",
    description = {
      "%nWithout --key: makes a device key for this machine (KEZ_HOME/device.json) and adds it.",
      "%nFor a device elsewhere, in three steps:",
      "  1. here:   kez sigchain add-device --key <its public key> [--name N] > request.json",
      "  2. there:  kez sigchain device-sign request.json > signed.json",
      "  3. here:   kez sigchain add-device --signed signed.json",
      "(the device's public key is what 'kez sigchain device-key' prints there)."
    })
final class SigchainAddDeviceCommand extends SigchainBase {
  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "A name for the device, e.g. laptop (at most 64 characters).")
  @Nullable String name;

  @ArgGroup(exclusive = true)
  @Nullable Source source;

  static final class Source {
    @Option(
        names = "--key",
        paramLabel = "PUBLIC",
        description = "The public key of a device elsewhere: prints the request it must sign.")
    @Nullable PublicKey key;

    @Option(
        names = "--signed",
        paramLabel = "FILE",
        description = "Completes an add with the request the device signed (- for stdin).")
    @Nullable String signed;
  }

  @Mixin Time time = new Time();

  @Override
  public Integer call() {
    ChainStore store = store();
    if (source != null && source.signed != null) {
      ObjectNode request = Json.parseObject(readInput(source.signed));
      SecretKey primary = primary(store);
      append(store, st -> DeviceEnrollment.complete(request, primary));
      out().println(request.path("device_key").asText());
      return ExitCode.OK;
    }
    long created = createdAt(time.createdAt);
    if (source != null && source.key != null) {
      PublicKey device = source.key;
      PublicKey primary =
          store.state().primaryKey() != null
              ? store.state().primaryKey()
              : keyStore()
                  .primaryPublic()
                  .orElseThrow(() -> Failure.local("no identity yet (kez identity new)"));
      if (store.state().isEmpty())
        throw new MalformedException(
            "the sigchain is empty: add an account first (kez sigchain add)");
      out()
          .println(
              Json.write(DeviceEnrollment.request(store.state(), primary, device, name, created)));
      err()
          .println(
              "Step 1 of 3: on the device, run 'kez sigchain device-sign <this request>' and bring back what it prints;"
                  + " then run 'kez sigchain add-device --signed <that file>'. The request is valid until the sigchain changes.");
      return ExitCode.OK;
    }
    KeyStore ks = keyStore();
    SecretKey primary = primary(store);
    SecretKey device = ks.device(passphrases()).orElse(null);
    if (device == null) {
      device = SecretKey.generate(Algorithm.ED25519);
      ks.saveDevice(device, Optional.empty()); // saved before the chain names it
      err().println("Made a device key for this machine: " + ks.deviceFile());
    }
    SecretKey d = device;
    append(store, st -> Links.addDevice(st, primary, d, name, created));
    out().println(d.publicKey().encoded());
    return ExitCode.OK;
  }
}
