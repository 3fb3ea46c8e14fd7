"""Request and response models of the API, with the small pure helpers that go with them."""
