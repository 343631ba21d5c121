"""The Python peer for benches/refresh.rs: the same refresh with the sushy library
(OpenStack's Redfish client) and a thread pool as wide as Racksmith's fleet cap.
Usage: sushy_refresh.py SERVERS.json WORKERS (each server names its ca_file)"""

import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import sushy


def refresh(server):
    auth = sushy.auth.SessionOrBasicAuth(username=server["username"],
                                         password=server["password"])
    root = sushy.Sushy(server["redfish_url"], verify=server["ca_file"], auth=auth)
    try:
        for system in root.get_system_collection().get_members():
            facts = [system.serial_number, system.model, system.power_state,
                     system.processors.summary, system.memory_summary]
            facts.extend(d.serial_number for s in system.storage.get_members() for d in s.drives)
            facts.extend(n.mac_address for n in system.ethernet_interfaces.get_members())
            for manager in root.get_manager_collection().get_members():
                facts.append(manager.firmware_version)
                facts.extend(n.mac_address for n in manager.ethernet_interfaces.get_members())
            inventory = root.get_update_service().firmware_inventory
            facts.extend(i.version for i in inventory.get_members())
            for chassis in root.get_chassis_collection().get_members():
                facts.append(chassis.thermal.temperatures if chassis.thermal else None)
                facts.append(chassis.power.power_supplies if chassis.power else None)
            return True
    finally:
        auth.close()  # logs the session out, as Racksmith does
    return False


def main():
    servers = json.load(open(sys.argv[1]))
    workers = int(sys.argv[2])
    started = time.monotonic()
    failed = 0
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for result in pool.map(lambda s: _safe(refresh, s), servers):
            failed += 0 if result else 1
    took = time.monotonic() - started
    print(f"python sushy failed servers: {failed}")
    print(f"python sushy refresh seconds: {took:.2f}")


def _safe(fn, server):
    try:
        return fn(server)
    except Exception as error:  # one bad server must not stop the run
        print(f"{server['id']}: {error}", file=sys.stderr)
        return False


if __name__ == "__main__":
    main()
