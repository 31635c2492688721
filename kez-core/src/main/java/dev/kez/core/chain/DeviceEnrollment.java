package dev.kez.core.chain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.MalformedException;
import dev.kez.core.crypto.Base64Url;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.crypto.Signing;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Adding a device whose secret key is on another machine (SPEC.md §6.4), in three steps: the
 * primary's machine writes the unsigned {@code add_device} ({@link #request}), the device adds
 * {@code device_sig} ({@link #signOnDevice}), the primary checks it and signs ({@link #complete}).
 */
public final class DeviceEnrollment {
  private DeviceEnrollment() {}

  /** Step 1: the unsigned link, to be carried to the device. */
  public static ObjectNode request(
      ChainState st, PublicKey primary, PublicKey device, @Nullable String name, long createdAt) {
    ObjectNode o = Links.unsigned(st, Op.ADD_DEVICE, primary, createdAt);
    o.put("device_key", device.encoded());
    if (name != null) o.put("device_name", name);
    return o;
  }

  /** Step 2, on the device: adds {@code device_sig}. */
  public static ObjectNode signOnDevice(ObjectNode request, SecretKey device) {
    if (!"add_device".equals(request.path("op").asText())
        || !device.publicKey().encoded().equals(request.path("device_key").asText())) {
      throw new MalformedException("not an add_device request for this device key");
    }
    ObjectNode o = request.deepCopy();
    o.remove(List.of("sig", "device_sig"));
    o.put("device_sig", Base64Url.encode(device.sign(Signing.digest(o, "device_sig"))));
    return o;
  }

  /** Step 3, on the primary's machine: checks the device's signature and signs the link. */
  public static Link complete(ObjectNode deviceSigned, SecretKey primary) {
    ObjectNode o = deviceSigned.deepCopy();
    if (!primary.publicKey().encoded().equals(o.path("key").asText())) {
      throw new MalformedException("the add_device request is not for this primary key");
    }
    Link link = Links.sign(o, primary);
    if (!link.crossSignatureValid())
      throw new MalformedException("\"device_sig\" does not verify for the device key");
    return link;
  }
}
