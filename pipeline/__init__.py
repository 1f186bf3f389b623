"""learnrep: raw programme data in, reproducible learning reports out.

The stages, in the order data flows through them:
discover -> raw -> validate -> process -> (execute -> render -> index).
"""

__version__ = "0.1.0"
