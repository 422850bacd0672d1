#!/usr/bin/env python3
"""A caravan client: follow the change feed as a named consumer, search, get.

The stubs come from the build (build/examples/python/gen); with the Debian
packages python3-grpcio and python3-protobuf:

  export PYTHONPATH=build/examples/python/gen
  python3 examples/python/caravan_client.py subscribe --consumer my-tool
  python3 examples/python/caravan_client.py search '"middle corridor"'
  python3 examples/python/caravan_client.py get 4bbf95c6ba35003251e535ae3ef21096
"""
import argparse
import html
import re
import signal
import sys

import grpc

from caravan.v1 import document_pb2, documents_pb2, documents_pb2_grpc

# gRPC refuses messages over 4 MiB by default; one document with the texts
# of its attached files can be far larger (caravan's own clients use 64 MiB).
MAX_RECEIVE_BYTES = 64 << 20


def positive(text):
    """argparse type: an integer of at least 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive integer")
    return value


def subscribe(stub, args):
    # A named consumer: the server keeps its acknowledged cursor, so a
    # restarted client resumes where it left off without storing anything.
    # An event is delivered again until it is acknowledged (at least once).
    events = stub.Subscribe(documents_pb2.SubscribeRequest(consumer=args.consumer, omit_text=True))
    handled = 0
    unacked = None  # cursor of the last event handled but not acknowledged
    try:
        for event in events:
            print_event(event)  # your processing goes here
            handled += 1
            unacked = event.cursor
            if handled % args.ack_every == 0:
                ack(stub, args.consumer, unacked)
                unacked = None
            if handled == args.max_events:
                break
    except KeyboardInterrupt:
        pass  # Ctrl-C: acknowledge what was handled, then exit
    # Stop the stream first, so that nothing arrives that we would not handle.
    events.cancel()
    if unacked is not None:
        ack(stub, args.consumer, unacked)


def ack(stub, consumer, cursor):
    stub.Ack(documents_pb2.AckRequest(consumer=consumer, cursor=cursor))


def print_event(event):
    doc = event.document
    fields = [event.cursor, document_pb2.EventType.Name(event.type), event.document_id, doc.language, doc.title]
    # Flushed, so that a program reading our output sees each event at once.
    print("\t".join(fields), flush=True)


def search(stub, args):
    response = stub.Search(documents_pb2.SearchRequest(query=args.query, language=args.language,
                                                       page_size=args.limit))
    for hit in response.hits:
        # The snippet is HTML with the matched words in <b>; print it as text.
        snippet = html.unescape(re.sub(r"</?b>", "", hit.snippet))
        print(f"{hit.title}\n  {hit.url}\n  {snippet}\n")
    print(f"{response.estimated_total} matches")


def get(stub, args):
    doc = stub.Get(documents_pb2.GetDocumentRequest(id=args.id))
    published = doc.published.ToDatetime().date() if doc.HasField("published") else "-"
    print(f"{doc.title}\n{doc.url}\n{doc.source}, {doc.language}, published {published}\n\n{doc.text}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server", default="127.0.0.1:7070", help="caravand's gRPC address")
    commands = parser.add_subparsers(dest="command", required=True)

    p = commands.add_parser("subscribe", help="print events as they come, one per line, and acknowledge them")
    p.add_argument("--consumer", required=True, help="consumer name: resumes after what it acknowledged")
    p.add_argument("--ack-every", type=positive, default=1, metavar="N", help="acknowledge every N events (and at exit)")
    p.add_argument("--max-events", type=int, default=0, metavar="N", help="exit after N events (0: never)")
    p.set_defaults(run=subscribe)

    p = commands.add_parser("search", help="full-text search")
    p.add_argument("query")
    p.add_argument("--language", default="", help="the query's language (chooses the stemmer)")
    p.add_argument("--limit", type=int, default=10)
    p.set_defaults(run=search)

    p = commands.add_parser("get", help="one document by id")
    p.add_argument("id")
    p.set_defaults(run=get)

    args = parser.parse_args()
    # Stopped by a service manager (SIGTERM) as by Ctrl-C: acknowledge, exit.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    with grpc.insecure_channel(args.server, options=[("grpc.max_receive_message_length", MAX_RECEIVE_BYTES)]) as channel:
        try:
            args.run(documents_pb2_grpc.DocumentsStub(channel), args)
        except grpc.RpcError as e:
            print(f"caravan_client: {e.code().name}: {e.details()}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:  # during a search, a get or the last Ack
            return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
