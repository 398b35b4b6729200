"""Signing up: /aanmelden walks a volunteer through their entry step by step, coordinators
approve, send back or reject it (/wachtrij); forgotten drafts are reminded and removed."""
