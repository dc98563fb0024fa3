"""The two ends of make_link_capture.sh's UDP and TCP exchanges.

  link_peer.py server ADDR4 ADDR6   answers one UDP datagram over IPv4, one
                                    over IPv6 and one TCP connection, then exits
  link_peer.py client ADDR4 ADDR6   makes those three exchanges

Fixed ports and fixed data, so the capture's payloads are known: the
server answers each message with the same text in upper case. Every socket
operation has a timeout, so neither end can hang.
"""
import socket
import sys

PORT = 7000          # the server's port, UDP and TCP
UDP_CLIENT = 40000   # the client's UDP source port (both families)
TCP_CLIENT = 40001   # the client's TCP source port
TIMEOUT = 20


def server(addr4, addr6):
    u4 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    t4 = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    t4.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    u4.bind((addr4, PORT))
    u6.bind((addr6, PORT))
    t4.bind((addr4, PORT))
    t4.listen(1)
    for s in (u4, u6, t4):
        s.settimeout(TIMEOUT)
    for u in (u4, u6):
        data, peer = u.recvfrom(2048)
        u.sendto(data.upper(), peer)
    conn, _ = t4.accept()
    conn.settimeout(TIMEOUT)
    data = b""
    while not data.endswith(b"\n"):
        chunk = conn.recv(2048)
        if not chunk:
            break
        data += chunk
    conn.sendall(data.upper())
    conn.shutdown(socket.SHUT_WR)
    conn.recv(1)  # until the client closes too
    conn.close()


def client(addr4, addr6):
    for family, addr in ((socket.AF_INET, addr4), (socket.AF_INET6, addr6)):
        u = socket.socket(family, socket.SOCK_DGRAM)
        u.settimeout(TIMEOUT)
        u.bind(("", UDP_CLIENT))
        u.sendto(b"hello over udp", (addr, PORT))
        assert u.recvfrom(2048)[0] == b"HELLO OVER UDP"
        u.close()
    t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    t.settimeout(TIMEOUT)
    t.bind(("", TCP_CLIENT))
    t.connect((addr4, PORT))
    t.sendall(b"hello over tcp\n")
    reply = b""
    while True:
        chunk = t.recv(2048)
        if not chunk:
            break
        reply += chunk
    assert reply == b"HELLO OVER TCP\n", reply
    t.close()


if __name__ == "__main__":
    {"server": server, "client": client}[sys.argv[1]](sys.argv[2], sys.argv[3])
